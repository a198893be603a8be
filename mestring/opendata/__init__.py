"""Open data in the standards others already speak: Open Referral HSDS 3, HL7 FHIR R4,
and dumps of the whole public catalogue."""
