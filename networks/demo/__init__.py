"""The demo networks and meetings, as data files (networks.yaml, meetings.yaml) and the
loader that turns them into rows (loader.py)."""
