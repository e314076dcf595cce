"""conflictkg.api"""
