"""Sub-commands of ``taghtia``; each module exposes ``register(subparsers)``."""
