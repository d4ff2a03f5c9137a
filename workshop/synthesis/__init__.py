"""Automatic synthesis of a session: pure Python, no Flask, so it runs on any session document."""
