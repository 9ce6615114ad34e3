// Django's filter_horizontal widget (SelectFilter2.js) names its search boxes through a <span>
// icon with an aria-label, which ARIA forbids on an element without a role: the icon is given
// the role of an image, so that the label (and the search box) keep that name.
"use strict";
{
  const nameIcons = () => {
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  };
  // SelectFilter2 builds the widget on the window's load event, after this deferred script.
  new MutationObserver(nameIcons).observe(document.body, { childList: true, subtree: true });
  nameIcons();
}
