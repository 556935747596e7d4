"""A cluster's page: the cluster with its member schools (names, phases, Ofsted grades), open
schools first, each group by name."""

from contracts.errors import NotFound
from directory.storage import Cluster, School
from directory.usecases import school_item


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
