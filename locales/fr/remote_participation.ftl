# Prendre part depuis son propre nœud aux décisions d'un groupe d'un autre nœud.
process-remote-submit = Ce groupe vit sur { $server } : votre proposition y sera envoyée, et son nœud l'enregistre selon les mêmes règles (être membre, phase des propositions).
amendment-author-elsewhere = Cette proposition a été écrite depuis un autre nœud que celui de son groupe : son auteur·rice ne peut pas encore y répondre à des amendements. Commentez-la plutôt.
error-remote-proposal = Cette proposition est décidée sur le nœud de son groupe : c'est là qu'elle change d'état.
error-author-elsewhere = Cette proposition a été écrite depuis un autre nœud que celui de son groupe : son auteur·rice ne peut pas encore y répondre à des amendements.
error-unknown-amendment = Cet amendement n'est pas connu ici.
