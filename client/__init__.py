"""conflictkg.client"""
