/// The conventional prefixes of the JSON record shape, by namespace URI, whatever prefixes a document declares.
public enum Namespaces {
    /// Namespace URI → the key prefix used in JSON.
    public static let conventional: [String: String] = [
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
        "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://purl.org/dc/terms/": "dcterms",
        "http://www.europeana.eu/schemas/edm/": "edm",
        "http://www.openarchives.org/ore/terms/": "ore",
        "http://www.w3.org/2004/02/skos/core#": "skos",
        "http://rdvocab.info/ElementsGr2/": "rdaGr2",
        "http://xmlns.com/foaf/0.1/": "foaf",
        "http://www.w3.org/2002/07/owl#": "owl",
        "http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#": "ebucore",
        "http://www.w3.org/ns/dqv#": "dqv",
        "http://creativecommons.org/ns#": "cc",
        "http://www.w3.org/ns/odrl/2/": "odrl",
        "http://rdfs.org/sioc/services#": "svcs",
        "http://usefulinc.com/ns/doap#": "doap",
        "http://www.w3.org/ns/oa#": "oa",
        "http://www.w3.org/2003/01/geo/wgs84_pos#": "wgs84",
        "http://www.w3.org/XML/1998/namespace": "xml",
        "http://www.openarchives.org/OAI/2.0/oai_dc/": "oai_dc",
        "http://www.cidoc-crm.org/rdfs/cidoc_crm_v5.0.2_english_label.rdfs#": "crm",
    ]

    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xml = "http://www.w3.org/XML/1998/namespace"
    static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
    static let oaiDC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
}
