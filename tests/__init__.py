"""rbmon tests: one flat test_<topic>.py per topic; shared helpers in tests/helpers/, fixtures in conftest.py."""
