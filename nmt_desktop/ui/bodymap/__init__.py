"""The body map: scene, view, items, legend and the trigger-point editor.

The widgets draw frozen chart DTOs and emit user intents; they never call services.
"""
