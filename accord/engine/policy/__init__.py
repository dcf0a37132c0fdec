"""Policy files: the model, the loader and validation."""
