"""pysaml2 attribute map that renames nothing: attributes keep the names the identity provider
sends (Entra ID's claim URIs, Shibboleth's urn:oid names), which are the names an operator sees
in the provider and sets in LAGESBILD_SAML_*_ATTRIBUTE. pysaml2 loads this directory by file name
(``attribute_map_dir``); an empty map for a name format no provider uses leaves every attribute
to its unknown-attribute path, which keeps the name as sent."""

MAP = {"identifier": "urn:lagesbild:saml:raw-attribute-names", "fro": {}, "to": {}}
