"""Copies/syndication detection and incremental story clustering."""

from .cluster import cluster, story_record, update
from .copies import CopyIndex, find_copies, origin_of, wire_credits

__all__ = ["CopyIndex", "cluster", "find_copies", "origin_of", "story_record", "update", "wire_credits"]
