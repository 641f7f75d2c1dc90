"""`{% evaluation_documents deal "problem_analysis" "theory_of_change" %}`: the documents in force
of those kinds, as links, for the pages derived from them (the theory of change, Art. 2.4)."""

from django import template

from regiodeal.evaluation.selectors import documents_in_force

register = template.Library()


@register.inclusion_tag("evaluation/_documents.html")
def evaluation_documents(deal, *kinds):
    in_force = documents_in_force(deal=deal)
    return {"deal": deal, "documents": [in_force[k] for k in kinds if k in in_force]}
