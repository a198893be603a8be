"""HL7 FHIR R4 export of the public catalogue (see docs/fhir.md)."""
