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
post-is-proposal = Une proposition : voir son processus, ses soutiens et le vote
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
error-not-a-member = Seuls les membres du groupe peuvent y participer.
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

# Propositions et décisions

decisions-heading = Propositions et décisions
decisions-no-processes = Aucune démarche ouverte pour l'instant.
decisions-archive-link = Archive des décisions du groupe
decisions-archive-title = Archive des décisions
decisions-search = Rechercher dans les titres
decisions-verdict = Résultat
decisions-any-verdict = Tous les résultats
decisions-filter = Filtrer
decisions-none = Aucune décision ne correspond.
decisions-date = Date
decisions-process = Démarche
decisions-proposal = Proposition
decisions-method = Mode de scrutin
decisions-turnout = Participation
decisions-export = Exporter :
decisions-college-turnout = { $name } : { $ballots } votes sur { $electorate }
result-live-verdict = En l'état du décompte : { $name }
vote-rule-closed = Clos le { $name }.
decisions-phase = phase : { $name }
decisions-turnout-short = { $ballots } / { $electorate } ({ $percent } %)
colleges-field-name = Nom du collège
proposal-state-is = État : { $name }
proposal-author-is = Auteur·rice : @{ $name }

level-information = Information
level-consultation = Consultation
level-concertation = Concertation
level-co-decision = Codécision
level-explain-information = Le groupe informe ses membres : seule l'équipe d'animation publie, personne ne vote.
level-explain-consultation = Les membres donnent leur avis ; les votes sont consultatifs et l'instance qui décide en tient compte.
level-explain-concertation = Les membres proposent et amendent ; la solution est construite ensemble, les votes restent consultatifs.
level-explain-co-decision = Les membres décident : le résultat du vote s'impose.

phase-not-started = La démarche n'a pas encore commencé.
phase-proposals = Propositions
phase-deliberation = Délibération
phase-vote = Vote
phase-result = Résultat

state-draft = brouillon
state-published = publiée
state-deliberation = en délibération
state-vote = au vote
state-accepted = adoptée
state-rejected = rejetée
state-withdrawn = retirée
state-implemented = mise en œuvre

method-majority = Vote à la majorité
method-approval = Vote par approbation
method-consent = Décision par consentement
method-majority-judgment = Jugement majoritaire
method-ranked = Vote par classement (méthode de Schulze)
method-explain-majority = Chaque membre vote pour, contre, ou s'abstient sur la proposition.
method-explain-approval = Chaque membre approuve autant d'options qu'il le souhaite ; l'option la plus approuvée l'emporte.
method-explain-consent = La proposition passe sauf si une objection motivée demeure.
method-explain-majority-judgment = Chaque membre attribue une mention à chaque option ; la meilleure mention médiane l'emporte.
method-explain-ranked = Chaque membre classe les options ; celle que l'ensemble des duels préfère l'emporte.

verdict-adopted = Adoptée
verdict-rejected = Rejetée
verdict-winner = Une option l'emporte
verdict-tie = Égalité
verdict-no-quorum = Quorum non atteint : pas de résultat valable
verdict-no-result = Aucun suffrage exprimé : pas de résultat
verdict-winner-is = Option retenue : { $name }
verdict-tie-between = Égalité entre : { $name }

threshold-simple = Majorité simple (plus de la moitié)
threshold-two-thirds = Deux tiers (au moins 2/3)
threshold-three-quarters = Trois quarts (au moins 3/4)
quorum-kind-none = Pas de quorum
quorum-kind-ballots = Un nombre minimum de votes
quorum-kind-percent = Un pourcentage minimum des membres

process-open-title = Ouvrir une démarche
process-open-submit = Ouvrir la démarche
process-field-title = Titre de la démarche
process-field-description = De quoi s'agit-il ?
process-field-participation = Niveau de participation
process-field-rule = Comment la décision sera prise
process-field-rule-hint = En mots simples, par exemple : « Majorité des deux tiers des suffrages exprimés, vote en ligne pendant une semaine. »
process-field-threshold = Soutiens nécessaires avant le vote (facultatif)
process-field-threshold-hint = Nombre de membres qui doivent soutenir une proposition pour qu'elle puisse être mise au vote. Laissez vide s'il n'en faut pas.
process-field-hidden = Cacher les résultats jusqu'à la clôture du vote
process-field-public = Rendre publics les choix de chaque votant·e à la clôture
process-field-phases = Calendrier (facultatif)
process-field-phases-hint = Le jour où commence chaque phase (heure UTC). Sans date, la démarche reste en phase de propositions.
process-level-heading = Niveau de participation
process-rule-heading = Comment la décision est prise
process-threshold-fact = { $count ->
    [one] Une proposition a besoin d'un soutien pour être mise au vote.
   *[other] Une proposition a besoin de { $count } soutiens pour être mise au vote.
}
process-hidden-fact = Les résultats restent cachés jusqu'à la clôture du vote.
process-live-fact = Le décompte est visible pendant le vote.
process-public-fact = À la clôture, la liste des votant·es montre le choix de chacun·e.
process-secret-fact = À la clôture, la liste des votant·es montre qui a voté, pas son choix.
process-phases-heading = Calendrier
process-phase-from = à partir du { $name }
process-phase-now = phase en cours
process-proposals-heading = Propositions
process-no-proposals = Pas encore de proposition.
process-login-to-propose = Connectez-vous pour faire une proposition
process-members-propose = Seuls les membres du groupe font des propositions. Rejoignez le groupe pour participer.
process-information-only = Cette démarche informe les membres : seule l'équipe d'animation y publie.
process-not-taking-proposals = Cette démarche ne reçoit pas de propositions en ce moment.

proposal-submit-heading = Faire une proposition
proposal-field-title = Titre de la proposition
proposal-field-body = Texte de la proposition
proposal-field-draft = Garder en brouillon (vous seul·e le voyez)
proposal-submit = Envoyer
proposal-title-column = Proposition
proposal-state-column = État
proposal-supports-column = Soutiens
proposal-author-column = Auteur·rice
proposal-in-process = Dans la démarche
proposal-remote-origin = Cette proposition est décidée sur { $server }, le serveur de son groupe : ce que vous faites d'ici (soutien, amendement, commentaire, vote) y est envoyé et compté.
proposal-remote-link = La voir sur le serveur du groupe
proposal-edit = Modifier la proposition
proposal-edit-submit = Enregistrer le nouveau texte
proposal-discussion-heading = Discussion
proposal-no-comments = Pas encore de commentaire.
proposal-field-comment = Votre commentaire
proposal-comment-submit = Commenter
proposal-discussion-link = Voir toute la discussion
proposal-discussion-after-publishing = La discussion s'ouvre quand la proposition est publiée.
notice-proposal-edited = La proposition a été mise à jour.
proposal-follow-up-heading = Suivi de la mise en œuvre
proposal-supports-heading = Soutiens
proposal-supports-count = { $count ->
    [0] Aucun soutien
    [one] Un soutien
   *[other] { $count } soutiens
}
proposal-supports-needed = { $count ->
    [one] un soutien nécessaire pour aller au vote
   *[other] { $count } soutiens nécessaires pour aller au vote
}
proposal-threshold-reached = seuil atteint
proposal-you-support = Vous soutenez cette proposition.
proposal-support = Soutenir cette proposition
proposal-unsupport = Retirer mon soutien
proposal-next-heading = Étapes suivantes
proposal-publish = Publier la proposition
proposal-to-deliberation = Ouvrir la délibération
proposal-accept = Adopter
proposal-reject = Rejeter
proposal-withdraw = Retirer la proposition
proposal-field-follow-up = Comment la décision a été mise en œuvre
proposal-implemented = Marquer comme mise en œuvre
proposal-votes-heading = Votes
proposal-no-votes = Aucun vote sur cette proposition pour l'instant.

amendments-heading = Amendements
amendments-none = Aucun amendement proposé.
amendment-state-pending = en attente de l'auteur·rice
amendment-state-accepted = accepté
amendment-state-declined = refusé
amendment-accept = Accepter l'amendement
amendment-decline = Refuser
amendment-propose-heading = Proposer un amendement
amendment-field-body = Nouveau texte proposé
amendment-field-body-hint = Modifiez le texte de la proposition ; l'auteur·rice acceptera ou refusera le changement.
amendment-field-reason = Pourquoi ce changement (facultatif)
amendment-submit = Proposer l'amendement

vote-open-heading = Mettre au vote
vote-open-submit = Ouvrir le vote
vote-field-method = Mode de scrutin
vote-field-threshold = Majorité requise (vote à la majorité)
vote-field-threshold-hint = Les abstentions ne comptent pas dans les suffrages exprimés.
vote-field-options = Options (approbation, jugement majoritaire, classement)
vote-field-options-hint = Une option par ligne : « id: libellé », ou seulement le libellé. Ignoré pour la majorité et le consentement, qui portent sur la proposition elle-même.
vote-field-quorum = Quorum
vote-field-quorum-kind = Type de quorum
vote-field-quorum-value = Valeur (nombre de votes, ou pourcentage)
vote-field-closes = Clôture du vote
vote-field-closes-hint = Date et heure UTC, par exemple 2027-03-01T18:00.
vote-field-count-abstentions = Compter les abstentions dans les suffrages exprimés (une abstention pèse alors comme un vote contre)
vote-field-grades = Mentions (jugement majoritaire)
vote-field-grades-hint = Une mention par ligne, la meilleure d'abord, de 2 à 10 mentions. Laisser vide pour les sept habituelles : Excellent, Très bien, Bien, Assez bien, Passable, Insuffisant, À rejeter.
vote-field-colleges-required = Double majorité : collèges qui doivent chacun adopter
vote-field-colleges-required-hint = Avec un vote par collèges, la proposition doit alors obtenir la majorité dans au moins ce nombre de collèges, en plus du résultat pondéré. Laisser vide pour le seul résultat pondéré.
error-invalid-grades = Donnez de 2 à 10 mentions, une par ligne.
error-invalid-colleges-required = Une double majorité demande un vote par collèges et un nombre entier de collèges, au moins 1.
vote-field-colleges = Voter par collèges, avec les poids des collèges du groupe
vote-heading = Vote : { $name }
vote-closes-at = ouvert jusqu'au { $name }
vote-closed-at = clos le { $name }
vote-rules-heading = Les règles de ce vote
vote-binding = Le résultat s'impose : c'est une codécision.
vote-advisory = Le vote est consultatif : il éclaire l'instance qui décide.
vote-options-heading = Options
vote-rule-method = Mode de scrutin : { $name }.
vote-rule-threshold-simple = La proposition est adoptée avec plus de la moitié des suffrages exprimés.
vote-rule-threshold-two-thirds = La proposition est adoptée avec au moins les deux tiers des suffrages exprimés.
vote-rule-threshold-more-than = La proposition est adoptée avec plus de { $share } des suffrages exprimés.
vote-rule-threshold-at-least = La proposition est adoptée avec au moins { $share } des suffrages exprimés.
vote-rule-abstentions-not-counted = Les abstentions sont comptées et affichées, mais ne font pas partie des suffrages exprimés.
vote-rule-abstentions-counted = Les abstentions font partie du total : elles pèsent comme un vote contre.
vote-rule-grades = Mentions, de la meilleure à la moins bonne : { $name }.
vote-rule-quorum-none = Pas de quorum : le vote est valable quel que soit le nombre de votes.
vote-rule-quorum-ballots = { $count ->
    [one] Quorum : au moins un vote.
   *[other] Quorum : au moins { $count } votes.
}
vote-rule-quorum-share = Quorum : au moins { $share } du corps électoral, soit { $required } votes.
vote-rule-colleges = Vote par collèges (poids) : { $name }.
vote-rule-colleges-required = { $count ->
    [one] Double majorité : la proposition doit aussi être adoptée dans au moins un collège.
   *[other] Double majorité : la proposition doit aussi être adoptée dans au moins { $count } collèges.
}
vote-rule-opened = Ouvert le { $name }.
vote-rule-closes = Clôture le { $name }.
vote-close-heading = Clore le vote
vote-close-explain = Clore maintenant compte les votes et fixe le résultat définitif (par exemple quand l'assemblée se termine).
vote-close-now = Clore le vote maintenant

ballot-heading = Votre vote
ballot-your-answer = Votre réponse
ballot-for = Pour
ballot-against = Contre
ballot-abstain = Abstention
ballot-consent = Je consens
ballot-stand-aside = Je me mets en retrait
ballot-objection = J'objecte
ballot-objection-because = Objection : { $name }
ballot-reason = Raison de l'objection
ballot-reason-hint = Obligatoire pour une objection : en quoi la proposition nuirait-elle au groupe ?
ballot-approve-legend = Cochez les options que vous approuvez
ballot-grade-legend = Donnez une mention à chaque option
ballot-grade-hint = Une option sans mention reçoit la moins bonne mention.
ballot-no-grade = — pas de mention —
ballot-rank-legend = Classez les options
ballot-rank-hint = 1 pour votre premier choix. Le même numéro pour des options à égalité ; sans numéro, l'option est classée après toutes les autres.
ballot-no-rank = — non classée —
ballot-submit = Voter
ballot-current = Votre vote actuel : { $name }
ballot-change-until = Vous pouvez changer votre vote jusqu'à la clôture ({ $name }) ; seul le dernier compte.
ballot-login = Connectez-vous pour voter
ballot-closed = Ce vote est clos.
ballot-not-elector = Vous ne faites pas partie du corps électoral de ce vote : il réunit les membres du groupe (de ses collèges, s'il y en a) au moment de l'ouverture.
ballot-approves = Approuve : { $name }
ballot-approves-nothing = N'approuve aucune option
ballot-blank = Vote blanc
ballot-graded = { $name } : { $grade }

result-final = Résultat définitif
result-live = Décompte en cours
result-live-explain = Ce décompte n'est pas définitif : il change jusqu'à la clôture.
vote-counted-on = Ce vote est dépouillé sur { $server }, le serveur du groupe : votre bulletin y est envoyé, vérifié sur la liste des votants, et le résultat revient ici à la clôture.
result-counted-elsewhere = Le résultat s'affichera ici quand le serveur du groupe clôturera le vote.
result-hidden = Les résultats seront publiés à la clôture du vote.
result-turnout = Votes : { $ballots } sur { $electorate } membres du corps électoral ({ $percent } %)
result-abstentions = { $count ->
    [one] une abstention
   *[other] { $count } abstentions
}
result-blank = { $count ->
    [one] un vote blanc
   *[other] { $count } votes blancs
}
result-replaced = { $count ->
    [one] un vote remplacé par un vote plus récent du même membre (compté une fois)
   *[other] { $count } votes remplacés par un vote plus récent du même membre (comptés une fois)
}
result-quorum-met = Quorum atteint : { $ballots } votes, { $required } requis.
result-quorum-not-met = Quorum non atteint : { $ballots } votes, { $required } requis.
result-share-for = Part des « pour » dans les suffrages exprimés : { $name }
result-weighted-share-for = Part pondérée des « pour » : { $name }
result-answer = Réponse
result-votes = Votes
result-approvals = Approbations
result-beats = Options battues
result-bar = Graphique
result-rank = { $count ->
   *[other] rang { $count }
}
result-rank-column = Rang
result-majority-grade = Mention majoritaire
result-colleges = Par collège
result-electorate = Inscrit·es
result-ballots = Votes
result-share = % pour
result-college-result = Résultat
result-college-adopts = adopte
result-college-rejects = rejette
result-college-silent = aucun suffrage exprimé
result-pairwise = Duels entre options
result-pairwise-explain = Chaque case compte les votant·es qui préfèrent l'option de la ligne à celle de la colonne.
result-objections = Objections
roll-heading = Liste des votant·es
roll-empty = Personne n'a voté.
vote-decision-link = La décision publiée (chaque bulletin compté, pour recompter)
vote-decision-verify = Chacun peut la recompter : { $name }
roll-secret = Les choix ne sont pas publiés : chacun·e peut vérifier que son vote a été compté.

colleges-heading = Collèges
colleges-explain = Les collèges regroupent les membres par catégorie (salarié·es, bénéficiaires, fondateur·rices…) ; dans un vote par collèges, chacun pèse selon son poids.
colleges-none = Ce groupe n'a pas de collèges.
colleges-name = Collège
colleges-weight = Poids
colleges-weight-hint = Un nombre entier, par exemple 40 pour 40 %.
colleges-members = Membres
colleges-manage = Gérer les collèges
colleges-save = Enregistrer le collège
colleges-member = Membre
colleges-college = Collège
colleges-place = Placer dans le collège

notice-process-opened = Démarche ouverte.
notice-proposal-published = Proposition publiée.
notice-draft-saved = Brouillon enregistré. Publiez-le quand il est prêt.
notice-supported = Votre soutien est enregistré.
notice-support-withdrawn = Votre soutien est retiré.
notice-state-changed = La proposition a changé d'état.
notice-amendment-proposed = Amendement proposé.
notice-amendment-accepted = Amendement accepté : le texte est modifié.
notice-amendment-declined = Amendement refusé.
notice-vote-opened = Vote ouvert.
notice-ballot-cast = Votre vote est enregistré.
notice-ballot-replaced = Votre nouveau vote remplace le précédent.
notice-vote-closed = Vote clos : voici le résultat définitif.
notice-college-saved = Collège enregistré.
notice-member-placed = Membre placé dans le collège.

error-invalid-date = Cette date n'est pas valable : écrivez-la comme 2027-03-01 (et 18:00 pour l'heure).
error-invalid-number = Écrivez un nombre entier positif.
error-invalid-quorum = Le quorum doit être un nombre de votes positif, ou un pourcentage entre 1 et 100.
error-not-a-moderator = Seule l'équipe d'animation du groupe peut faire cela.
error-information-only = Cette démarche informe les membres : seule l'équipe d'animation y publie, et on n'y vote pas.
error-not-accepting-proposals = Cette démarche n'est pas en phase de propositions.
error-invalid-title = Le titre est vide ou trop long (200 caractères au plus).
error-invalid-text = Le texte est vide ou trop long.
error-invalid-decision-rule = Dites en quelques mots comment la décision sera prise.
error-invalid-phases = Les phases doivent se suivre : propositions, délibération, vote, résultat.
error-invalid-transition = La proposition ne peut pas passer à cet état depuis celui où elle est, ou pas par vous.
error-decided-by-vote = Dans cette démarche, une proposition est adoptée ou rejetée par un vote.
error-state-changed = La proposition a changé entre-temps : rechargez la page et recommencez.
error-follow-up-needed = Dites comment la décision a été mise en œuvre.
error-not-open-for-support = On soutient une proposition quand elle est publiée ou en délibération.
error-not-open-for-amendments = Les amendements se proposent avant le vote.
error-own-proposal = Vous êtes l'auteur·rice : modifiez votre proposition directement plutôt que de l'amender.
error-not-the-author = Seul·e l'auteur·rice de la proposition accepte ou refuse les amendements.
error-already-decided = Cet amendement a déjà été accepté ou refusé.
error-invalid-college = Un collège a besoin d'un nom et d'un poids entier entre 0 et 1000.
error-unknown-option = Ce vote ne contient pas cette option.
error-invalid-ballot = Ce bulletin ne convient pas à ce vote : choisissez une réponse, des mentions de l'échelle, des rangs sans doublon ; une objection doit donner sa raison.
error-invalid-vote-rules = Ces règles ne permettent pas de compter le vote : il faut au moins deux options, chacune avec son propre libellé, pour l'approbation, le jugement majoritaire et le classement ; les collèges ne s'appliquent qu'au vote à la majorité.
error-invalid-closing-time = Le vote doit se clore au moins une minute après maintenant, et au plus dans un an.
error-remote-group = Les votes s'ouvrent sur le nœud du groupe.
error-not-enough-supports = La proposition n'a pas encore assez de soutiens pour être mise au vote.
error-no-colleges = Le groupe n'a pas encore de collèges : définissez-les d'abord.
error-unknown-college = Le groupe n'a pas de collège de ce nom.
error-vote-closed = Ce vote est clos.
error-not-in-electorate = Vous ne faites pas partie du corps électoral de ce vote : seuls les membres du groupe au moment de l'ouverture (dans ses collèges, s'il y en a) peuvent voter.
error-remote-vote = Ce vote est compté sur le nœud du groupe.
error-already-closed = Ce vote est déjà clos.
error-results-hidden = Les résultats seront publiés à la clôture du vote.
error-not-a-local-group = Les démarches s'ouvrent dans un groupe de ce nœud.
error-open-a-vote = Une proposition passe au vote quand l'équipe d'animation ouvre un vote.
