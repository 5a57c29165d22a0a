"""The server-side SVG map of SCO member and partner states."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString

from sco_portal.taxonomy import map as sco_map
from sco_portal.taxonomy.geo import load_geometry
from sco_portal.taxonomy.map import render_sco_map

SVG = "{http://www.w3.org/2000/svg}"

MEMBERS = "CN RU KZ KG TJ UZ IN PK IR BY".split()
PARTNERS = "AF MN LK TR AZ AM KH NP EG QA SA BH MV AE KW MM LA".split()
STATUSES = {code: "member" for code in MEMBERS} | {code: "partner" for code in PARTNERS}


def parse(svg):
    return ET.fromstring(str(svg))


def shapes(root, code):
    return [el for el in root.iter() if el.get("data-code") == code]


def classes(element):
    return set(element.get("class", "").split())


@pytest.fixture
def svg():
    return render_sco_map(STATUSES)


def test_returns_safe_svg_that_parses_as_xml(svg):
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == load_geometry()["viewBox"]


def test_labelled_by_title_and_description(svg):
    root = parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == title_id and title.text.strip()
    assert desc.get("id") == desc_id
    assert desc.text == "10 member states and 17 partners."


def test_description_counts_singular_and_nothing():
    assert parse(render_sco_map({"CN": "member", "AZ": "observer"})).find(f"{SVG}desc").text == (
        "1 member state and 1 partner."
    )
    assert parse(render_sco_map({})).find(f"{SVG}desc").text == "0 member states and 0 partners."


def test_id_prefix_keeps_two_maps_apart():
    root = parse(render_sco_map(STATUSES, id_prefix="second-map"))
    assert root.get("aria-labelledby") == "second-map-title second-map-desc"
    assert root.find(f"{SVG}title").get("id") == "second-map-title"


def test_members_partners_and_others_get_their_classes(svg):
    root = parse(svg)
    for code in ("CN", "RU"):
        (path,) = [el for el in shapes(root, code) if el.tag == f"{SVG}path"]
        assert classes(path) == {"map-country", "map-member"}
    (azerbaijan,) = shapes(root, "AZ")
    assert classes(azerbaijan) == {"map-country", "map-partner"}
    (france,) = shapes(root, "FR")
    assert classes(france) == {"map-country", "map-other"}


def test_older_partner_categories_keep_their_own_class():
    root = parse(render_sco_map({"AF": "observer", "LK": "dialogue_partner", "MN": None}))
    (afghanistan,) = shapes(root, "AF")
    (sri_lanka,) = shapes(root, "LK")
    (mongolia,) = shapes(root, "MN")
    assert classes(afghanistan) == {"map-country", "map-partner", "map-observer"}
    assert classes(sri_lanka) == {"map-country", "map-partner", "map-dialogue_partner"}
    assert classes(mongolia) == {"map-country", "map-other"}


def test_codes_are_case_insensitive_and_unknown_statuses_rejected():
    (china,) = [el for el in shapes(parse(render_sco_map({"cn": "member"})), "CN")]
    assert "map-member" in classes(china)
    with pytest.raises(ValueError):
        render_sco_map({"CN": "ally"})


def test_each_shape_has_a_title_with_name_and_status(svg):
    root = parse(svg)
    (china,) = shapes(root, "CN")
    assert china.find(f"{SVG}title").text == "China: Member state"
    (azerbaijan,) = shapes(root, "AZ")
    assert azerbaijan.find(f"{SVG}title").text == "Azerbaijan: SCO partner"
    (france,) = shapes(root, "FR")
    assert france.find(f"{SVG}title").text == "France"
    for element in root.iter(f"{SVG}path"):
        assert element.find(f"{SVG}title").text


def test_names_can_be_overridden():
    root = parse(render_sco_map({"CN": "member"}, names={"CN": "Китай"}))
    (china,) = shapes(root, "CN")
    assert china.find(f"{SVG}title").text == "Китай: Member state"


def test_every_member_and_partner_is_visible(svg):
    geometry = load_geometry()
    root = parse(svg)
    for code in MEMBERS + PARTNERS:
        assert code in geometry["countries"] or code in geometry["markers"], code
        assert shapes(root, code), code


def test_small_states_get_a_marker_but_only_with_a_status(svg):
    root = parse(svg)
    for code in ("BH", "MV"):
        (marker,) = [el for el in shapes(root, code) if el.tag == f"{SVG}circle"]
        assert classes(marker) == {"map-country", "map-marker", "map-partner"}
    markers = [el.get("data-code") for el in root.iter(f"{SVG}circle")]
    assert set(markers) <= set(STATUSES)
    assert "LU" in load_geometry()["markers"] and "LU" not in markers


def test_no_inline_styles_or_scripts(svg):
    text = str(svg).lower()
    assert "style=" not in text
    assert "<style" not in text
    assert "<script" not in text
    assert "javascript:" not in text
    for element in parse(svg).iter():
        assert not any(name.lower().startswith("on") for name in element.attrib), element.attrib


def test_geometry_data_is_well_formed():
    geometry = load_geometry()
    width, height = (float(v) for v in geometry["viewBox"].split()[2:])
    assert len(geometry["countries"]) > 50
    for code, entry in geometry["countries"].items():
        assert len(code) == 2 and code.isupper()
        assert entry["name"] and entry["d"].startswith("M")
        assert set(entry["d"]) <= set("0123456789.-MmLlZz ")
    for entry in geometry["markers"].values():
        assert 0 <= entry["x"] <= width and 0 <= entry["y"] <= height


def test_loaded_once_per_process():
    assert load_geometry() is load_geometry()


def test_hostile_data_is_escaped(monkeypatch):
    hostile = '"><script>alert(1)</script><path d="'
    geometry = {
        "viewBox": '0 0 10 10" onload="alert(1)',
        "countries": {"CN": {"name": hostile, "d": 'M0 0l1 1z" onclick="alert(1)'}},
        "markers": {"BH": {"name": hostile, "x": 1, "y": 2}},
        "disputed": {"x": {"name": hostile, "d": "M0 0z"}},
    }
    monkeypatch.setattr(sco_map, "load_geometry", lambda: geometry)
    svg = render_sco_map({"CN": "member", "BH": "partner"}, names={"BH": "<b>&"}, id_prefix='a"b')
    text = str(svg)
    assert "<script" not in text
    assert 'onload="' not in text and 'onclick="' not in text
    root = parse(svg)
    (china,) = shapes(root, "CN")
    assert china.find(f"{SVG}title").text == f"{hostile}: Member state"
    assert china.get("d") == 'M0 0l1 1z" onclick="alert(1)'
    (bahrain,) = shapes(root, "BH")
    assert bahrain.find(f"{SVG}title").text == "<b>&: SCO partner"
    # Nothing was injected: exactly the elements the renderer writes.
    tags = [element.tag.removeprefix(SVG) for element in root.iter()]
    assert tags == ["svg", "title", "desc", "g", "path", "title", "path", "title", "g", "circle", "title"]
    assert root.get("viewBox") == geometry["viewBox"]


def test_marker_coordinates_must_be_numbers(monkeypatch):
    geometry = {"viewBox": "0 0 10 10", "countries": {}, "markers": {"BH": {"name": "B", "x": '1" onload="x', "y": 2}}}
    monkeypatch.setattr(sco_map, "load_geometry", lambda: geometry)
    with pytest.raises(ValueError):
        render_sco_map({"BH": "partner"})


@pytest.mark.django_db
def test_the_countries_page_names_the_countries_on_its_map_in_the_readers_language(client, demo_content):
    page = client.get("/ru/countries/").content.decode()
    titles = re.findall(r'data-code="CN"[^>]*><title>([^<]+)</title>', page)
    assert titles and titles[0].startswith("Китай"), titles
    assert "<title>China" not in page
