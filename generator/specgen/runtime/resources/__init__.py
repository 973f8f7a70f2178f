"""The base classes of resources; a generated package's `resources/` adds one module per tag."""
