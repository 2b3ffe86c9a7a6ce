"""c7draft: draft the joint WSIS Action Line C7 input to the CSTD, and flag recycled text."""

__version__ = "0.1.0"
