# Taking part from one's own node in the decisions of a group of another node.
process-remote-submit = This group lives on { $server }: your proposal will be sent there, and its node records it by the same rules (being a member, the proposals phase).
amendment-author-elsewhere = This proposal was written from another node than its group's: its author cannot answer amendments there yet. Comment on it instead.
error-remote-proposal = This proposal is decided on its group's node: its state changes there.
error-author-elsewhere = This proposal was written from another node than its group's: its author cannot answer amendments there yet.
error-unknown-amendment = This amendment is not known here.
