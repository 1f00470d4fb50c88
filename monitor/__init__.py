"""claimwatch: breaking-news claim monitor. One alert per story, linked to the original post."""

__version__ = "0.1.0"
