"""The fact engine: typed functions that answer F1 questions from the store, with citations.

Below the chat (and the commentary): a question goes down chat -> facts -> store, never back.
"""
