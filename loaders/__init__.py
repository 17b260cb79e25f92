"""Reading, validating and matching user data (centres, funding) to communes."""
