"""normalize -> claims -> topics -> dedup: each stage one module; process.py runs them in order."""
