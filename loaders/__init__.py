"""conflictkg.loaders"""
