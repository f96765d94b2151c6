"""The live views, one module per view; ``common`` holds their base class and the redraw clock."""
