# Résumés par email (service::digests, email::digest) et l'adresse email dans les réglages.
email-digest-subject-daily = Vos nouvelles du jour sur { $server }
email-digest-subject-weekly = Vos nouvelles de la semaine sur { $server }
email-digest-greeting = Bonjour { $name },
email-digest-intro = { $count ->
    [one] voici la nouvelle de vos groupes depuis votre dernier résumé.
   *[other] voici { $count } nouvelles de vos groupes depuis votre dernier résumé.
}
email-digest-group-page = Page du groupe
email-digest-footer = Vous recevez cet email parce que vous avez choisi un résumé par email pour ces groupes. Pour changer, ouvrez la page du groupe, « Ce que je reçois de ce groupe ».
email-digest-settings = Vos réglages
email-kind-decision = Décision
email-kind-assembly = Assemblée générale
email-kind-proposal-published = Nouvelle proposition
email-kind-event-announced = Nouvel événement
email-kind-deliberation-opened = Délibération ouverte
email-kind-vote-opened = Vote ouvert
email-kind-group-post = Nouveau message
email-kind-proposal-moved = Une proposition avance
email-kind-event-changed = Événement modifié
email-kind-other = Nouvelle
settings-email = Adresse email
settings-email-explain = Les résumés par email des nouvelles de vos groupes sont envoyés à cette adresse. Laissez vide pour la retirer.
settings-email-field = Adresse email
settings-email-save = Enregistrer l'adresse
notice-email-saved = Votre adresse email est enregistrée.
involvement-email-missing = Les résumés par email vont à votre adresse email : indiquez-en une dans vos réglages d'abord.
involvement-email-settings-link = Indiquer mon adresse email
error-email-missing = Indiquez votre adresse email dans vos réglages avant de choisir un résumé par email.
notice-email-needed = Les résumés par email vont à votre adresse email : indiquez-la ici, puis choisissez à nouveau sur la page du groupe.
