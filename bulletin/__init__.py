"""bulletin: Chinese newsletters and notice-board posters from YAML, set to clreq."""

__version__ = "0.1.0"
