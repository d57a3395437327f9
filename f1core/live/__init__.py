"""Live timing and replay: F1 live-timing messages in, timing-tower state out.

``messages`` reads topic streams, ``state`` is the tower state machine, ``tower`` turns
state into rows, ``replay`` makes a recording seekable, ``sources`` / ``store_replay``
produce message streams (kit recordings, recorder files and tails, stored sessions),
``clock`` is the shared replay clock, ``view`` holds the Live page's plain-text pieces.
"""
