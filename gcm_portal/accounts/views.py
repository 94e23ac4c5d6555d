from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from gcm_portal.accounts.services import user_set_preferred_language


class LoginView(auth_views.LoginView):
    """Sign in, then show the portal in the user's preferred language."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        chosen = self.request.COOKIES.get("django_language")
        if chosen:
            # A language picked on the sign-in page wins and becomes the preference.
            user_set_preferred_language(user=user, language=chosen)
        else:
            response.set_cookie("django_language", user.preferred_language, samesite="Lax")
        return response


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, remembering it for a signed-in user."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and translation.check_for_language(language):
        user_set_preferred_language(user=request.user, language=language)
    return response
