"""Word lists and registries shared by the stages: one copy of each piece of knowledge."""
