from typing import Any

from django import forms


class ExportRequestForm(forms.Form):
    documents = forms.BooleanField(
        label="Inclure les documents de mon coffre-fort numérique",
        required=False,
        help_text=(
            "Sans cette case, l’archive décrit vos documents (nom, taille, dates) sans les "
            "contenir. Avec, elle peut être volumineuse."
        ),
    )

    def __init__(self, *args: Any, vault: bool = True, evidence: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Which documents the box brings in: the vault's (a doctor), the evidence of the
        # label applications (a publisher), or both.
        if evidence:
            self.fields["documents"].label = (
                "Inclure les documents de mon coffre-fort numérique et les pièces de mes "
                "demandes de label"
                if vault
                else "Inclure les pièces de mes demandes de label"
            )


class ClosureForm(forms.Form):
    confirm = forms.BooleanField(
        label="J’ai compris ce qui sera effacé et ce que l’Ordre conserve, et je ferme mon compte.",
        error_messages={"required": "Cochez la case pour confirmer la fermeture de votre compte."},
    )
