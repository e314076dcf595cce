"""conflictkg.cypher"""
