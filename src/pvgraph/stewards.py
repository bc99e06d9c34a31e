"""Who writes to the graph: a steward, named by their token, speaking for an authority.

A steward (a person, or a team, of a commune, an intercommunalité, a département…) holds a
token of their own; the token's name is how pvgraph records them as the author of what they
submit, and the authority (an organisation's IRI: ``id/organisation/{SIREN}``, or another
referential IRI) is who they act on behalf of (PROV-O ``prov:actedOnBehalfOf``). An admin (the
holder of the server's ``update_token``, or of a token added with ``--admin``) may also write
with SPARQL Update and the Graph Store, and act on every submission.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Steward:
    """The holder of a token, as the server and the submissions know them."""

    name: str
    authority: str | None = None
    admin: bool = False

    def may_act_on(self, owner: str) -> bool:
        """May this steward read a private submission of ``owner``, replace or withdraw it?"""
        return self.admin or self.name == owner
