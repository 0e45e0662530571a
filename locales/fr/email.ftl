# Résumés par e-mail (service::digests, email::digest) et l'adresse e-mail dans les réglages.
email-digest-subject-daily = Vos nouvelles du jour sur { $server }
email-digest-subject-weekly = Vos nouvelles de la semaine sur { $server }
email-digest-greeting = Bonjour { $name },
email-digest-intro = { $count ->
    [one] voici la nouvelle de vos groupes depuis votre dernier résumé.
   *[other] voici { $count } nouvelles de vos groupes depuis votre dernier résumé.
}
email-digest-group-page = Page du groupe
email-digest-footer = Vous recevez cet e-mail parce que vous avez choisi un résumé par e-mail pour ces groupes. Pour changer, ouvrez la page du groupe, « Ce que je reçois de ce groupe ».
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
settings-email = Adresse e-mail
settings-email-explain = Les résumés par e-mail des nouvelles de vos groupes sont envoyés à cette adresse. Laissez vide pour la retirer.
settings-email-field = Adresse e-mail
settings-email-save = Enregistrer l'adresse
notice-email-saved = Votre adresse e-mail est enregistrée.
involvement-email-missing = Les résumés par e-mail vont à votre adresse e-mail : indiquez-en une dans vos réglages d'abord.
involvement-email-settings-link = Indiquer mon adresse e-mail
error-email-missing = Indiquez votre adresse e-mail dans vos réglages avant de choisir un résumé par e-mail.
notice-email-needed = Les résumés par e-mail vont à votre adresse e-mail : indiquez-la ici, puis choisissez à nouveau sur la page du groupe.
