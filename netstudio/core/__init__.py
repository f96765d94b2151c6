"""Qt-free and torch-free heart of NetStudio: the graph document, commands and project file."""

from .errors import GraphError, NetStudioError, ProjectError, ShapeError
from .graph import Edge, Graph, Node
from .project import Project, project_from_dict, read_project

__all__ = ["Edge", "Graph", "GraphError", "NetStudioError", "Node", "Project", "ProjectError", "ShapeError",
           "project_from_dict", "read_project"]
