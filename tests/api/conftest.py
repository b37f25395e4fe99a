"""Fixtures for the embedding API tests."""

import pytest

import wasmlite


@pytest.fixture
def engine():
    return wasmlite.Engine()


@pytest.fixture
def store(engine):
    return wasmlite.Store(engine)
