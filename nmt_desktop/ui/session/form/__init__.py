"""The SOAP session form shown beside the body map."""
