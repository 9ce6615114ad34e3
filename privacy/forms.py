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


class ClosureForm(forms.Form):
    confirm = forms.BooleanField(
        label="J’ai compris ce qui sera effacé et ce que l’Ordre conserve, et je ferme mon compte.",
        error_messages={"required": "Cochez la case pour confirmer la fermeture de votre compte."},
    )
