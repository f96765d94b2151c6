"""The graph canvas: scene, node and edge items, view, quick-add popup and auto-layout."""
