"""The subcommands of `threadkeep`, one module each."""
