"""Clusters: the list with each cluster's count of schools (counted once per change of the
schools, from the catalogue), and a cluster's page: the cluster with its member schools (names,
phases, Ofsted grades), open schools first, each group by name."""

from contracts.errors import NotFound
from directory import catalogue
from directory.schools import school_item
from directory.storage import Cluster, School


def cluster_detail(cluster_id: str) -> dict:
    """``ClusterDetailSchema`` of ``cluster_id``; 404 naming ``cluster_id`` when unknown."""
    cluster = Cluster.objects(id=cluster_id).first()
    if cluster is None:
        raise NotFound(f"No cluster {cluster_id}.", {"cluster_id": ["Unknown cluster."]})
    schools = [school_item(school) for school in School.objects(cluster=cluster_id)]
    schools.sort(key=lambda s: (s["status"] not in (None, "", "Open"), s["name"].casefold()))
    return {
        "id": cluster.id,
        "name": cluster.name,
        "school_count": len(schools),
        "schools": schools,
    }


def _cluster_counts(schools: dict) -> dict:
    counts: dict = {}
    for school in schools.values():
        counts[school["cluster"]] = counts.get(school["cluster"], 0) + 1
    return counts


def list_clusters() -> dict:
    """The clusters with their schools' counts (counted once per change of the schools, not on
    every call: every directory page asks for the clusters)."""
    catalogue.schools.refresh()
    counts = catalogue.schools.derived("cluster_counts", _cluster_counts)
    items = [
        {"id": k.id, "name": k.name, "school_count": counts.get(k.id, 0)}
        for k in Cluster.objects.order_by("name")
    ]
    return {"items": items, "total": len(items)}
