"""The demo data set, as data files (*.yaml beside this module) and the code that turns
them into rows (loader.py) with the values computed from them (values.py)."""
