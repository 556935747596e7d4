"""Sharing practice: my spaces and a search across them (``/sharing``, filters in the query
string; the latest posts without one), a space's posts with the form to post (files as
multipart/form-data) and following.
Community ``list_spaces``, ``get_space`` (which says what the caller may do there),
``search_posts``, ``publish_post``, ``follow``, ``unfollow``, ``list_follows``; the directory's
``list_support_areas`` (the tags) and school names. The community decides who may do what."""

from flask import Blueprint, abort, flash, redirect, request, url_for

from contracts import community as c
from contracts.clients.community import CommunityClient
from contracts.clients.directory import DirectoryClient
from contracts.errors import InvalidInput
from gateway.rpc import call
from gateway.upload_limit import upload_route
from gateway.web import community_uploads as uploads
from gateway.web.community_forms import PostForm, PostSearchForm, area_choices
from gateway.web.directory import page_number, pagination
from gateway.web.names import school_names
from gateway.web.pages import register_errors, render
from gateway.web.reference import call_all
from gateway.web.session import signed_in

blp = Blueprint("community_pages", __name__)
register_errors(blp)
blp.add_app_template_filter(uploads.size, "file_size")
blp.add_app_template_filter(uploads.type_name, "file_type")
PER_PAGE = 20
AREAS = (DirectoryClient.list_support_areas,)
SCHOOLS = (DirectoryClient.list_schools, {"per_page": 200})  # (the school filter's choices)
LATEST = 5  # the latest posts shown when nothing is searched for
KINDS = {"group": "Strategic groups", "cluster": "Clusters"}
OPENED_NAMES = {
    "association": "Association",
    "working_party": "Working party",
    "project": "Project",
}


def support_areas(answer: dict | None = None) -> dict:
    """Support-area id -> name (the tags), remembered for a few seconds."""
    answer = call_all(AREAS)[0] if answer is None else answer
    return {a["id"]: a["name"] for a in answer["items"]}


def grouped(spaces: list[dict]) -> list[tuple[str, list[dict]]]:
    """The spaces under 'Strategic groups', 'Clusters' and 'Other spaces', by name."""
    sections = [(title, [s for s in spaces if s["kind"] == kind]) for kind, title in KINDS.items()]
    others = [s for s in spaces if s["kind"] not in KINDS]
    sections.append(("Other spaces", others))
    return [(title, sorted(items, key=lambda s: s["name"])) for title, items in sections if items]


def _query(form, page: int) -> dict:
    query = {"page": page, "per_page": PER_PAGE, "q": (form.q.data or "").strip()}
    if form.tag.data:
        query["tag"] = form.tag.data
    if form.phase.data:
        query["phase"] = form.phase.data
    if form.school.data:
        query["school_urn"] = int(form.school.data)
    return c.PostQuerySchema().dump(query)


@blp.get("/sharing")
@signed_in
def home():
    """My spaces by kind, and a search of the posts I may see (words, tag, phase, school);
    without a search, the latest posts. The spaces, tags, schools (and the latest posts) are
    asked together; a search is one more call once its filters are checked."""
    form = PostSearchForm(request.args)
    page = page_number()
    searching = any(request.args.get(name) for name in ("q", "tag", "phase", "school"))
    latest = c.PostQuerySchema().dump({"sort": "recent", "page": 1, "per_page": LATEST})
    calls = [(CommunityClient.list_spaces,), AREAS, SCHOOLS]
    spaces, areas, schools, *recent = call_all(
        *calls, *([] if searching else [(CommunityClient.search_posts, latest)])
    )
    areas = support_areas(areas)
    schools = {s["urn"]: s["name"] for s in schools["items"]}
    form.tag.choices = area_choices(areas, "Any area")
    form.school.choices = area_choices({str(k): v for k, v in schools.items()}, "Any school")
    found, status = (recent[0] if recent else {"items": [], "total": 0}), 200
    if request.args and not form.validate():
        status, searching = 400, False
    elif searching:
        found = call(CommunityClient.search_posts, _query(form, page))
    return render(
        "web/community/home.html",
        status,
        form=form,
        sections=grouped(spaces["items"]),
        searching=searching,
        posts=found["items"],
        areas=areas,
        schools=schools,
        paging=pagination("community_pages.home", page, found["total"], PER_PAGE),
    )


def _space_page(space_id: str, form, status: int = 200):
    """A space: what the caller may do there, pinned posts first then the newest, the tags,
    and whether the caller follows it (four calls sent together; school names after)."""
    if len(space_id) > 64:
        abort(404)
    page = page_number()
    query = c.PostQuerySchema().dump(
        {"space_id": space_id, "sort": "recent", "page": page, "per_page": PER_PAGE}
    )
    space, found, areas, follows = call_all(
        (CommunityClient.get_space, space_id),
        (CommunityClient.search_posts, query),
        AREAS,
        (CommunityClient.list_follows,),
    )
    areas = support_areas(areas)
    form.tags.choices = area_choices(areas)
    following = any(f["kind"] == "space" and f["target"] == space_id for f in follows["items"])
    return render(
        "web/community/space.html",
        status,
        space=space,
        kind_name=OPENED_NAMES.get(space["kind"], KINDS.get(space["kind"], "Space")[:-1]),
        posts=found["items"],
        areas=areas,
        schools=school_names(p.get("school_urn") for p in found["items"]),
        form=uploads.with_hint(form),
        following=following,
        paging=pagination(
            "community_pages.space", page, found["total"], PER_PAGE, space_id=space_id
        ),
    )


@blp.get("/sharing/spaces/<space_id>")
@signed_in
def space(space_id: str):
    return _space_page(space_id, PostForm(formdata=None))


@blp.post("/sharing/spaces/<space_id>")
@upload_route
@signed_in
def publish(space_id: str):
    """Publish a post with its files (community ``publish_post``); problems by their fields."""
    form = PostForm()
    form.tags.choices = area_choices(support_areas())
    if not form.validate():
        return _space_page(space_id, form, 400)
    data = {
        "title": form.title.data.strip(),
        "text": form.text.data or "",
        "tags": list(form.tags.data or []),
        "phases": list(form.phases.data or []),
        "partnership_wide": bool(form.partnership_wide.data),
        "attachments": uploads.attachments(form),
    }
    try:
        post = call(CommunityClient.publish_post, space_id, c.PostCreateSchema().dump(data))
    except InvalidInput as err:
        uploads.refused(form, err)
        return _space_page(space_id, form, 400)
    flash("Your post is published. Members of the space can now read it.", "success")
    return redirect(url_for("community_posts.post", post_id=post["id"]))


@blp.after_request
def too_large(response):
    """Files over the gateway's upload limit (``gateway.upload_limit`` answers 413 before the
    view): the space's form again, the limit said by the file field."""

    def page(space_id):
        form = PostForm(formdata=None)
        uploads.too_big(form)
        return _space_page(space_id, form, 413)

    return uploads.too_large_page(response, "community_pages.publish", page)


@blp.post("/sharing/spaces/<space_id>/follow")
@signed_in
def follow(space_id: str):
    """Follow or stop following the space (``unfollow=1``): new posts reach my inbox."""
    stop = request.form.get("unfollow") == "1"
    call(CommunityClient.unfollow if stop else CommunityClient.follow, {"space_id": space_id})
    flash(
        "You no longer follow this space."
        if stop
        else "You follow this space: you will hear of new posts by your notification settings.",
        "success",
    )
    return redirect(url_for("community_pages.space", space_id=space_id))


def register(app) -> None:
    """The sharing practice pages: spaces, posts, leading a group's space, moderation."""
    from gateway.web import community_lead, community_moderation, community_posts

    for module_blp in (blp, community_posts.blp, community_lead.blp, community_moderation.blp):
        app.register_blueprint(module_blp)
