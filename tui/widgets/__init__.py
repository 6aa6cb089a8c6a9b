"""The app's widgets: the list, the message pane and the parts they draw."""
