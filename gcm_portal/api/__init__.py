"""What every part of the API shares: the error shape, pagination, negotiation, the schema."""
