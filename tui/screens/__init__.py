"""The app's screens and dialogs, one module (and one stylesheet) each."""
