"""The DCAT-AP.de description of the dataset (RDF/XML), for GovData and other harvesters.

One dcat:Dataset (the catalog of offerings) with one dcat:Distribution per file, the licence
as the DCAT-AP.de licence URI, the publisher and a contact point, issued/modified dates, the
EU file types and byte sizes. Built from the files on disk, so it never names a missing one.
"""

from lxml import etree

from .conf import conf

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
THEME_EDUCATION = "http://publications.europa.eu/resource/authority/data-theme/EDUC"
LANGUAGE_DE = "http://publications.europa.eu/resource/authority/language/DEU"


def _q(name):
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent, name, text=None, resource=None, datatype=None, lang=None):
    element = etree.SubElement(parent, _q(name))
    if resource is not None:
        element.set(_q("rdf:resource"), resource)
    if text is not None:
        element.text = str(text)
    if datatype:
        element.set(_q("rdf:datatype"), NS["xsd"] + datatype)
    if lang:
        element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return element


def dataset_rdf(*, dataset_uri, landing_page, distributions, issued, modified, title,
                description):
    """RDF/XML bytes. ``distributions``: dicts with url, title, media_type, file_type, size."""
    licence, publisher = conf("licence"), conf("publisher")
    root = etree.Element(_q("rdf:RDF"), nsmap=NS)
    dataset = etree.SubElement(root, _q("dcat:Dataset"))
    dataset.set(_q("rdf:about"), dataset_uri)
    _add(dataset, "dct:title", title, lang="de")
    _add(dataset, "dct:description", description, lang="de")
    _add(dataset, "dcat:landingPage", resource=landing_page)
    _add(dataset, "dcat:theme", resource=THEME_EDUCATION)
    _add(dataset, "dct:language", resource=LANGUAGE_DE)
    for word in ("Bildung", "Weiterbildung", "Kurse", "Bildungsangebote"):
        _add(dataset, "dcat:keyword", word, lang="de")
    if issued:
        _add(dataset, "dct:issued", issued, datatype="dateTime")
    if modified:
        _add(dataset, "dct:modified", modified, datatype="dateTime")
    agent = etree.SubElement(_add(dataset, "dct:publisher"), _q("foaf:Organization"))
    _add(agent, "foaf:name", publisher["name"])
    if publisher.get("url"):
        _add(agent, "foaf:homepage", resource=publisher["url"])
    contact = etree.SubElement(_add(dataset, "dcat:contactPoint"), _q("vcard:Organization"))
    _add(contact, "vcard:fn", publisher["name"])
    if publisher.get("email"):
        _add(contact, "vcard:hasEmail", resource=f"mailto:{publisher['email']}")
    if publisher.get("contributor_id"):
        _add(dataset, "dcatde:contributorID", resource=publisher["contributor_id"])
    if publisher.get("geocoding_uri"):
        _add(dataset, "dcatde:politicalGeocodingURI", resource=publisher["geocoding_uri"])
    for item in distributions:
        distribution = etree.SubElement(_add(dataset, "dcat:distribution"),
                                        _q("dcat:Distribution"))
        distribution.set(_q("rdf:about"), item["url"])
        _add(distribution, "dct:title", item["title"], lang="de")
        _add(distribution, "dcat:accessURL", resource=item["url"])
        _add(distribution, "dcat:downloadURL", resource=item["url"])
        _add(distribution, "dcat:mediaType", item["media_type"])
        if item.get("file_type"):
            _add(distribution, "dct:format", resource=FILE_TYPE + item["file_type"])
        _add(distribution, "dct:license", resource=licence["dcat_uri"])
        _add(distribution, "dcat:byteSize", item["size"], datatype="decimal")
        if item.get("modified"):
            _add(distribution, "dct:modified", item["modified"], datatype="dateTime")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
