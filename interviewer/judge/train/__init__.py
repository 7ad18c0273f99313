"""Training the offline judge (needs the `train` extra: torch on the CPU). The product never imports this."""
