"""The logged-in workspace's home page. Every staff page of a domain lives in that domain's app
(``<app>/views/workspace.py``, patterns in ``<app>/urls_workspace.py``) and checks its
permission through ``access.rules`` before reading a form."""
