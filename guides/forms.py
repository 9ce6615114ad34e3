"""Forms of the public pages: the assistant's question and the reader's feedback."""

from django import forms

from guides.services import MAX_QUESTION_LENGTH


class QuestionForm(forms.Form):
    q = forms.CharField(
        label="Votre question",
        help_text=(
            "Posez votre question avec vos mots, par exemple\u00a0: «\u00a0Puis-je envoyer des "
            "résultats d’examen par courriel\u00a0?\u00a0» (1\u00a0000 caractères au plus)."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Écrivez votre question dans le champ ci-dessus."},
    )

    def clean_q(self) -> str:
        question = " ".join(self.cleaned_data["q"].split())
        if not question:
            raise forms.ValidationError("Écrivez votre question dans le champ ci-dessus.")
        if len(question) > MAX_QUESTION_LENGTH:
            raise forms.ValidationError(
                f"Votre question est trop longue ({len(question)} caractères) : "
                f"résumez-la en {MAX_QUESTION_LENGTH} caractères au plus."
            )
        return question


class FeedbackForm(forms.Form):
    question = forms.CharField(max_length=MAX_QUESTION_LENGTH, widget=forms.HiddenInput)
    sheet = forms.CharField(max_length=150, required=False, widget=forms.HiddenInput)
    answered = forms.BooleanField(required=False, widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label="Cette réponse vous a-t-elle aidé ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda value: value == "oui",
        error_messages={"required": "Indiquez si la réponse vous a aidé : oui ou non."},
    )
