"""The Jupyter server extension: routes under ``/nxviz/api/`` over the framework-free core."""
