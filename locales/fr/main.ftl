# Maillon — textes de l'interface en français.

skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-follow = Suivre un groupe
nav-profile = Mon profil
nav-settings = Paramètres
nav-admin = Administration
nav-logout = Se déconnecter
nav-login = Se connecter
nav-register = Créer un compte
footer-text = Maillon relie les coopératives : chaque antenne garde ses données, le réseau se forme par la fédération.
back-home = Retour à l'accueil

home-title = Bienvenue
home-intro = Les groupes de ce nœud, et ce qui s'y dit en ce moment.
home-groups = Groupes
home-no-groups = Aucun groupe pour l'instant.
home-follow-other = Suivre un groupe d'un autre nœud
home-recent = Activité récente
home-no-recent = Rien de neuf pour l'instant.

login-title = Connexion
login-submit = Se connecter
login-no-account = Pas encore de compte ?

register-title = Créer un compte
register-submit = Créer mon compte
register-closed = Ce nœud n'ouvre pas de comptes pour l'instant. Demandez à son administrateur ou à son administratrice.
register-approval-intro = Une personne de l'administration validera votre demande avant que vous puissiez vous connecter.
register-invite-intro = Ce nœud crée des comptes sur invitation : il vous faut le code de votre lien d'invitation.

field-username = Nom d'utilisateur
field-username-hint = De 1 à 30 caractères : lettres minuscules sans accents, chiffres et _.
field-email = Adresse e-mail (facultative)
field-password = Mot de passe
field-password-hint = Au moins 8 caractères.
field-password-again = Confirmez le mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-application = Quelques mots pour l'administration (facultatif)
field-invite = Code d'invitation
field-title = Titre (facultatif)
field-content = Message
field-content-hint = Vous pouvez utiliser Markdown : **gras**, *italique*, listes, liens.
field-reply = Votre réponse
field-handle = Adresse du groupe
field-handle-hint = Par exemple @rennes@antenne.exemple.coop, ou l'adresse web du groupe.
field-display-name = Nom affiché
field-bio = Présentation
field-group-name = Identifiant du groupe
field-summary = Description
field-membership = Adhésion
field-domain = Domaine
field-reason = Raison (facultative)

group-about = À propos
group-edit = Modifier la description et les règles
group-rules = Règles
group-hosted-on = hébergé sur { $server }
group-members-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}
group-moderators = Animation :
group-membership-open = Adhésion libre : suivre le groupe, c'est en devenir membre.
group-membership-approval = Adhésion sur validation : l'équipe d'animation accepte chaque demande.
group-membership-invite = Adhésion sur invitation uniquement.
group-you-are-member = Vous êtes membre de ce groupe.
group-leave = Quitter le groupe
group-request-pending = Votre demande d'adhésion attend une réponse.
group-cancel-request = Annuler ma demande
group-request-refused = Votre demande d'adhésion a été refusée.
group-join = Rejoindre le groupe
group-login-to-join = Connectez-vous pour rejoindre ce groupe
group-pending-requests = Demandes d'adhésion en attente
group-accept = Accepter
group-reject = Refuser
group-posts = Messages
group-no-posts = Pas encore de message dans ce groupe.

post-thread-title = Discussion
post-new = Nouveau message
post-publish = Publier
post-in-group = Dans le groupe
post-origin = depuis { $server }
post-origin-hint = Ce message vient d'un autre serveur du fédivers.
post-replies = Réponses
post-replies-count = { $count ->
    [0] Aucune réponse
    [one] Une réponse
   *[other] { $count } réponses
}
post-reply = Répondre
post-reply-link = Voir la discussion et répondre
post-reply-submit = Envoyer la réponse
post-login-to-reply = Connectez-vous pour répondre

follow-title = Suivre un groupe d'un autre nœud
follow-intro = Saisissez l'adresse d'un groupe d'une autre antenne ou de n'importe quel serveur du fédivers.
follow-submit = Suivre
follow-yours = Ce que vous suivez
follow-state-accepted = membre
follow-state-pending = en attente de réponse
follow-state-rejected = refusé

profile-groups = Groupes
profile-no-groups = Membre d'aucun groupe pour l'instant.

settings-title = Paramètres
settings-profile = Profil
settings-save = Enregistrer
settings-password = Mot de passe
settings-change-password = Changer le mot de passe
settings-delete = Supprimer mon compte
settings-delete-explain = Votre compte sera supprimé ici et les autres serveurs en seront informés. Votre nom restera réservé. Cette action est définitive.
settings-delete-confirm = Je comprends que c'est définitif.
settings-delete-submit = Supprimer définitivement mon compte

admin-title = Administration
admin-registration = Inscriptions
admin-registration-mode = Qui peut créer un compte ?
admin-mode-open = Tout le monde
admin-mode-approval = Tout le monde peut demander, l'administration valide
admin-mode-invite = Seulement avec un lien d'invitation
admin-mode-closed = Personne (fermé)
admin-pending-accounts = Demandes de compte en attente
admin-approve = Valider
admin-new-invite = Créer un lien d'invitation
admin-invite-link = Lien d'invitation (valable 7 jours, à usage unique) :
admin-create-group = Créer un groupe
admin-create-group-submit = Créer le groupe
admin-blocked-domains = Domaines bloqués
admin-block = Bloquer ce domaine

notice-welcome = Bienvenue ! Votre compte est créé.
notice-awaiting-approval = Merci ! Votre demande est enregistrée ; vous pourrez vous connecter dès qu'elle sera validée.
notice-logged-out = Vous êtes déconnecté·e.
notice-joined = Vous êtes membre du groupe.
notice-join-requested = Votre demande d'adhésion est envoyée.
notice-join-refused = Ce groupe n'accepte que les personnes invitées.
notice-left = Vous avez quitté le groupe.
notice-posted = Message publié.
notice-replied = Réponse envoyée.
notice-request-accepted = Demande acceptée.
notice-request-rejected = Demande refusée.
notice-follow-sent = Demande envoyée au groupe.
notice-profile-saved = Profil enregistré.
notice-password-changed = Mot de passe changé. Vos autres sessions sont fermées.
notice-account-deleted = Votre compte est supprimé.
notice-saved = Enregistré.
notice-group-created = Groupe créé.
notice-domain-blocked = Domaine bloqué.
notice-account-approved = Compte validé.

error-title = Quelque chose n'a pas marché
error-passwords-differ = Les deux mots de passe ne sont pas identiques.
error-confirm-deletion = Cochez la case pour confirmer la suppression.
error-invalid-choice = Ce choix n'existe pas.
error-name-taken = Ce nom est déjà pris.
error-invalid-username = Ce nom ne convient pas : de 1 à 30 caractères, lettres minuscules sans accents, chiffres et _.
error-invalid-group-name = Cet identifiant ne convient pas : de 1 à 30 caractères, lettres minuscules sans accents, chiffres et _.
error-weak-password = Le mot de passe doit compter au moins 8 caractères.
error-invalid-email = Cette adresse e-mail n'est pas valide.
error-invalid-credentials = Nom d'utilisateur ou mot de passe incorrect.
error-awaiting-approval = Votre compte attend encore la validation de l'administration.
error-registration-closed = Ce nœud n'accepte pas d'inscriptions.
error-invite-required = Il faut un code d'invitation pour créer un compte ici.
error-invalid-invite = Ce code d'invitation est inconnu, déjà utilisé ou expiré.
error-invalid-application = Ce message est trop long.
error-not-a-member = Seuls les membres du groupe peuvent y écrire.
error-invalid-post = Le message est vide ou trop long.
error-wrong-password = Ce mot de passe n'est pas le bon.
error-invalid-handle = Ce n'est pas une adresse de groupe : écrivez-la comme @groupe@serveur.exemple.
error-invalid-display-name = Le nom affiché doit compter de 1 à 100 caractères.
error-invalid-bio = La présentation est trop longue.
error-invalid-domain = Ce n'est pas un nom de domaine (par exemple spam.exemple).
error-own-domain = Un nœud ne peut pas se bloquer lui-même.
error-self-follow = Vous ne pouvez pas vous suivre vous-même.
error-not-found = Cette page ou cet élément n'existe pas.
error-forbidden = Vous n'avez pas le droit de faire cela.
error-unauthorized = Connectez-vous d'abord.
error-csrf = Ce formulaire a expiré. Rechargez la page et recommencez.
error-remote-server-error = L'autre serveur n'a pas répondu comme prévu. Réessayez plus tard.
error-rate-limited = Trop de demandes d'un coup. Patientez une minute, puis réessayez.
error-storage-unavailable = Le service est momentanément indisponible. Réessayez dans un instant.
error-internal-error = Une erreur interne s'est produite.
