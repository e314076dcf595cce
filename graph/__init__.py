"""conflictkg.graph"""
